"""Settings shared by every environment, read from the environment with working defaults."""

from pathlib import Path

import environ

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("HALTE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("HALTE_DEBUG", default=False)
SECRET_KEY = env.str("HALTE_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("HALTE_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "halte.organisations",
    "halte.carriers",
    "halte.shipments",
    "halte.tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "halte.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "halte.urls"
WSGI_APPLICATION = "halte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'halte.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("HALTE_CACHE_URL", default="locmemcache://halte")}

TASKS = {
    "default": {
        "BACKEND": env.str("HALTE_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
# Served straight from the apps until production collects them into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True

# A batch of 1,000 carrier events is about 300 KB; anything far beyond that is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("HALTE_MAX_REQUEST_BYTES", default=2 * 1024 * 1024)

# How many failed tracking look-ups one client may make before it has to wait.
HALTE_TRACKING_LOOKUP_LIMIT = env.int("HALTE_TRACKING_LOOKUP_LIMIT", default=10)
HALTE_TRACKING_LOOKUP_WINDOW_SECONDS = env.int(
    "HALTE_TRACKING_LOOKUP_WINDOW_SECONDS", default=15 * 60
)
# How long a signed tracking link stays valid.
HALTE_TRACKING_LINK_MAX_AGE_DAYS = env.int("HALTE_TRACKING_LINK_MAX_AGE_DAYS", default=90)
# Requests per API token; a peak day of 10 M events is ~170 batches a minute.
HALTE_API_RATE = env.str("HALTE_API_RATE", default="1200/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("HALTE_LOG_LEVEL", default="WARNING")},
}
