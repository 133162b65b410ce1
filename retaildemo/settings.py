"""Settings for retaildemo, read in one place through django-environ.

Every option has a default that runs the embedded mode (SQLite file, local engine, DEBUG off) and is
listed with a one-line comment in `.env.example`.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
_env_file = BASE_DIR / ".env"
# The test settings turn the developer's .env off, so the suite never depends on it.
if _env_file.exists() and os.environ.get("RETAILDEMO_READ_DOTENV", "true").lower() != "false":
    environ.Env.read_env(str(_env_file))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or env.bool("RETAILDEMO_ALLOW_INSECURE_KEY", default=True):
        # A per-checkout fallback so `make run` works out of the box; production sets SECRET_KEY.
        SECRET_KEY = "retaildemo-insecure-development-key-change-me"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "catalog",
    "recommendations",
    "experiments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "catalog.middleware.ShopperMiddleware",
    "catalog.presenter.ExplainModeMiddleware",
]

ROOT_URLCONF = "retaildemo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catalog.context_processors.shopper",
            ],
        },
    },
]

WSGI_APPLICATION = "retaildemo.wsgi.application"
ASGI_APPLICATION = "retaildemo.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _db_name = str(DATABASES["default"].get("NAME", ""))
    if _db_name and _db_name != ":memory:" and not _db_name.startswith("file:"):
        Path(_db_name).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the page server read while a drain or an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env.bool("RETAILDEMO_PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "retaildemo": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        "catalog": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        "recommendations": {
            "handlers": ["console"],
            "level": env.str("LOG_LEVEL", default="INFO"),
        },
    },
}

# --- Recommendations -------------------------------------------------------------------------
RECOMMENDATIONS_BACKEND = env.str("RECOMMENDATIONS_BACKEND", default="local")
RECOMMENDATIONS_MODEL_DIR = Path(
    env.str("RECOMMENDATIONS_MODEL_DIR", default=str(BASE_DIR / "var" / "models"))
)
RECOMMENDATIONS_CAROUSEL_SIZE = env.int("RECOMMENDATIONS_CAROUSEL_SIZE", default=10)
RECOMMENDATIONS_NEIGHBOURS = env.int("RECOMMENDATIONS_NEIGHBOURS", default=100)
if not 1 <= RECOMMENDATIONS_CAROUSEL_SIZE <= 100:
    raise ImproperlyConfigured("RECOMMENDATIONS_CAROUSEL_SIZE must be between 1 and 100.")

# Named filters (Personalize filter expressions; `arn` is the same filter in Personalize, else
# the personalize backend looks the name up in PERSONALIZE_FILTER_ARNS).
# Parsed at start (recommendations.apps): an invalid expression raises ImproperlyConfigured.
RECOMMENDATIONS_FILTERS: dict[str, dict[str, str | None]] = {
    "same-category": {
        "expression": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1",
        "arn": None,
    },
    "exclude-purchased": {
        "expression": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
        "arn": None,
    },
    "include-categories": {
        "expression": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)",
        "arn": None,
    },
    "promoted": {
        "expression": 'INCLUDE ItemID WHERE Items.PROMOTED IN ("True") '
        "AND Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1",
        "arn": None,
    },
}
RECOMMENDATIONS_FILTERS.update(env.json("RECOMMENDATIONS_EXTRA_FILTERS", default={}))
RECOMMENDATIONS_DEFAULT_FILTER = env.str("RECOMMENDATIONS_DEFAULT_FILTER", default="same-category")

# Store rules applied to every carousel after ranking (recommendations.rules).
RECOMMENDATIONS_RULES = {
    "exclude_out_of_stock": env.bool("RECOMMENDATIONS_EXCLUDE_OUT_OF_STOCK", default=True),
    "exclude_not_visible": env.bool("RECOMMENDATIONS_EXCLUDE_NOT_VISIBLE", default=True),
    "max_per_style": env.int("RECOMMENDATIONS_MAX_PER_STYLE", default=0),
    "promoted_filter": env.str("RECOMMENDATIONS_PROMOTED_FILTER", default="promoted"),
    "promoted_share": env.float("RECOMMENDATIONS_PROMOTED_SHARE", default=0.0),
}
if RECOMMENDATIONS_RULES["max_per_style"] < 0:  # type: ignore[operator]
    raise ImproperlyConfigured("RECOMMENDATIONS_MAX_PER_STYLE must be 0 (off) or more.")
if not 0.0 <= RECOMMENDATIONS_RULES["promoted_share"] <= 1.0:  # type: ignore[operator]
    raise ImproperlyConfigured("RECOMMENDATIONS_PROMOTED_SHARE must be from 0 to 1.")

# Carousel experiments run only when one is marked active in the admin; false turns them all off.
EXPERIMENTS_ENABLED = env.bool("EXPERIMENTS_ENABLED", default=True)

# Where the Retail Demo Store data lives for integration tests and benchmarks.
RETAILDEMO_SHARED_DATA = Path(
    env.str(
        "RETAILDEMO_SHARED_DATA",
        default=str(BASE_DIR.parent / "shared" / "data" / "retail-demo-store"),
    )
)

# --- Amazon Personalize (RECOMMENDATIONS_BACKEND=personalize) --------------------------------
# An empty value or NONE means "not configured": that capability is served by the local engine
# without a single AWS call. Credentials and endpoints come from boto3's own chain
# (AWS_PROFILE, AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME, ...), never from here.


def _personalize_value(name: str) -> str:
    value = env.str(name, default="").strip()
    return "" if value.upper() == "NONE" else value


PERSONALIZE_REGION = _personalize_value("PERSONALIZE_REGION")
PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN = _personalize_value(
    "PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN"
)
PERSONALIZE_SIMILAR_ITEMS_RECOMMENDER_ARN = _personalize_value(
    "PERSONALIZE_SIMILAR_ITEMS_RECOMMENDER_ARN"
)
PERSONALIZE_RANKING_CAMPAIGN_ARN = _personalize_value("PERSONALIZE_RANKING_CAMPAIGN_ARN")
PERSONALIZE_FILTER_ARNS = {
    name.strip(): arn.strip()
    for name, arn in env.dict("PERSONALIZE_FILTER_ARNS", default={}).items()
    if name.strip() and arn.strip() and arn.strip().upper() != "NONE"
}
PERSONALIZE_EVENT_TRACKING_ID = _personalize_value("PERSONALIZE_EVENT_TRACKING_ID")
PERSONALIZE_CONNECT_TIMEOUT = env.float("PERSONALIZE_CONNECT_TIMEOUT", default=0.1)
PERSONALIZE_READ_TIMEOUT = env.float("PERSONALIZE_READ_TIMEOUT", default=0.2)
PERSONALIZE_MAX_ATTEMPTS = env.int("PERSONALIZE_MAX_ATTEMPTS", default=2)
PERSONALIZE_DEADLINE = env.float("PERSONALIZE_DEADLINE", default=0.25)
PERSONALIZE_BREAKER_FAILURES = env.int("PERSONALIZE_BREAKER_FAILURES", default=5)
PERSONALIZE_BREAKER_COOLDOWN = env.float("PERSONALIZE_BREAKER_COOLDOWN", default=30.0)
PERSONALIZE_PROTOCOL_ENDPOINTS = env.bool("PERSONALIZE_PROTOCOL_ENDPOINTS", default=True)
for _name in ("PERSONALIZE_CONNECT_TIMEOUT", "PERSONALIZE_READ_TIMEOUT", "PERSONALIZE_DEADLINE"):
    if not 0 < globals()[_name] <= 60:
        raise ImproperlyConfigured(f"{_name} must be a number of seconds above 0 and at most 60.")
if not 1 <= PERSONALIZE_MAX_ATTEMPTS <= 10:
    raise ImproperlyConfigured("PERSONALIZE_MAX_ATTEMPTS must be between 1 and 10.")
if PERSONALIZE_BREAKER_FAILURES < 1 or PERSONALIZE_BREAKER_COOLDOWN < 0:
    raise ImproperlyConfigured(
        "PERSONALIZE_BREAKER_FAILURES must be at least 1 and PERSONALIZE_BREAKER_COOLDOWN >= 0."
    )
