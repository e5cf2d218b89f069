"""Settings for Dân Vận, read from the environment.

`DATABASE_URL` chooses the database (an SQLite file with WAL by default, PostgreSQL in
production) and `DATABASE_REPLICA_URL` an optional read replica of it;
`CACHE_URL` a shared cache (Redis; each process's memory by default); `SECRET_KEY`, `DEBUG`,
`ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS`, `DANVAN_DATA_DIR`, `TIME_ZONE`, `EMAIL_BACKEND` and
`TASKS_BACKEND` tune the rest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("DANVAN_DATA_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    from django.core.management.utils import get_random_secret_key

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = secret_key()
# The key of the portal's phone hashes (ADR 0011); empty: SECRET_KEY. Earlier keys, comma
# separated, keep older hashes usable after a rotation.
PHONE_HASH_KEY = os.environ.get("PHONE_HASH_KEY", "")
PHONE_HASH_KEY_FALLBACKS = env_list("PHONE_HASH_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "danvan.core",
    "danvan.audit",
    "danvan.accounts",
    "danvan.places",
    "danvan.organizations",
    "danvan.deadlines",
    "danvan.petitions",
    "danvan.receptions",
    "danvan.notifications",
    "danvan.messaging",
    "danvan.intake",
    "danvan.portal",
    "danvan.open311",
    "danvan.compensation",
    "danvan.dialogues",
    "danvan.consultations",
    "danvan.democracy",
    "danvan.api",
    "danvan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danvan.audit.context.AuditSourceMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.core.context_processors.navigation",
                "danvan.notifications.context_processors.unread",
            ],
        },
    },
]


def database_config(url: str | None) -> dict[str, Any]:
    """Parse DATABASE_URL; default to an SQLite file in DATA_DIR with WAL."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'danvan.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # IMMEDIATE makes writers queue instead of failing on upgrade of a read lock.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"].startswith("django.db.backends.postgresql"):
            # The web's queries are short: compiling the large ones cost more than it saved
            # (docs/benchmarks.md). `options` in the URL's query string still wins.
            config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return config


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A read replica of the primary: reads go there only where code opts in (core/db_router.py).
    DATABASES["replica"] = database_config(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["danvan.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(url: str | None) -> dict[str, Any]:
    """Parse CACHE_URL (or REDIS_URL). `redis://127.0.0.1:6379/0` (also `rediss://`,
    `unix:///run/redis.sock`) is a Redis server shared by every process of the app: the
    portal's rate limits then count across gunicorn workers and app servers. Empty (the
    default) or `locmem://`: each process's own memory. `dummy://` keeps nothing."""
    scheme = (url or "locmem://").split(":", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "danvan"),
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"CACHE_URL: unknown cache {scheme!r} (redis, locmem or dummy)")


CACHES = {"default": cache_config(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL"))}
# How long a district's or province's backlog board is read from the cache (`danvan
# warm-boards` counts them again in the background).
PETITION_BOARD_CACHE_SECONDS = int(os.environ.get("PETITION_BOARD_CACHE_SECONDS", "300"))
# A wide board counted less than this long ago is not counted again on request.
PETITION_BOARD_REFRESH_SECONDS = int(os.environ.get("PETITION_BOARD_REFRESH_SECONDS", "60"))

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "danvan.core.staticfiles.FontPackageFinder",
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "danvan.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "danvan.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "danvan.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dân Vận API",
    "DESCRIPTION": 'REST API of Dân Vận. Errors: {"errors": [{code, field, message}]}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The docs page's assets come from the installed sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseNoteKindEnum": "danvan.petitions.api_notes.NOTE_KINDS",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danvan@localhost")
# Deadline reminders also go by e-mail to officers who have an address.
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The demo's shared password; the login page refuses it when DEBUG is off.
DEMO_PASSWORD = "danvan-demo"
