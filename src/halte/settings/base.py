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
    "halte.journey",
    "halte.cases",
    "halte.mail",
    "halte.desk",
    "halte.addresses",
    "halte.selfservice",
    "halte.outbox",
    "halte.webhooks",
    "halte.promises",
    "anymail",
    "csp",
]

MIDDLEWARE = [
    # First, so every response carries the policy — redirects and refusals too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that could read the body (sessions, CSRF, views).
    "halte.request_limits.RequestBodyLimitMiddleware",
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
# Submissions of the contact form and self-service forms per client per hour.
HALTE_FORM_SUBMISSIONS_PER_HOUR = env.int("HALTE_FORM_SUBMISSIONS_PER_HOUR", default=20)
# How long a signed tracking link stays valid.
HALTE_TRACKING_LINK_MAX_AGE_DAYS = env.int("HALTE_TRACKING_LINK_MAX_AGE_DAYS", default=90)
# Requests per API token; a peak day of 10 M events is ~170 batches a minute.
HALTE_API_RATE = env.str("HALTE_API_RATE", default="1200/m")

# E-mail. Every message Halte sends can be answered: replies go to case+<id>-<sig>@HALTE_MAIL_DOMAIN
# and land in the case, via the SMTP/LMTP receiver (`halte receive_mail`) or an ESP's inbound
# webhook (django-anymail).
# Where customers reach this installation; used in links inside e-mails.
HALTE_BASE_URL = env.str("HALTE_BASE_URL", default="http://127.0.0.1:8000")
HALTE_MAIL_DOMAIN = env.str("HALTE_MAIL_DOMAIN", default="halte.localhost")
DEFAULT_FROM_EMAIL = env.str(
    "HALTE_SUPPORT_FROM", default=f"Klantenservice <support@{HALTE_MAIL_DOMAIN}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env.str(
    "HALTE_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("HALTE_SMTP_HOST", default="localhost")
EMAIL_PORT = env.int("HALTE_SMTP_PORT", default=25)
EMAIL_HOST_USER = env.str("HALTE_SMTP_USER", default="")
EMAIL_HOST_PASSWORD = env.str("HALTE_SMTP_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("HALTE_SMTP_TLS", default=False)
EMAIL_TIMEOUT = 30
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("HALTE_ANYMAIL_WEBHOOK_SECRET", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("HALTE_MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}
# Which organisation owns mail and web contacts that name no parcel of any organisation.
HALTE_DEFAULT_ORGANISATION = env.str("HALTE_DEFAULT_ORGANISATION", default="")
# Largest e-mail accepted by the receiver, and largest single attachment kept.
HALTE_MAX_EMAIL_BYTES = env.int("HALTE_MAX_EMAIL_BYTES", default=25 * 1024 * 1024)
HALTE_MAX_ATTACHMENT_BYTES = env.int("HALTE_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
MEDIA_ROOT = VAR_DIR / "media"
HALTE_SMS_BACKEND = env.str("HALTE_SMS_BACKEND", default="halte.outbox.sms.ConsoleSmsBackend")
# Address registry: "table" (imported CSV, `halte import_addresses`) or "pdok" (needs internet).
HALTE_ADDRESS_REGISTRY = env.str("HALTE_ADDRESS_REGISTRY", default="table")
HALTE_PDOK_URL = env.str(
    "HALTE_PDOK_URL", default="https://api.pdok.nl/bzk/locatieserver/search/v3_1"
)
# Outbox: a sender that claimed a message and has not finished after this long is taken to
# have died, and the sweeper sends the message again (longer than any SMTP or webhook timeout).
HALTE_OUTBOX_LEASE_SECONDS = env.int("HALTE_OUTBOX_LEASE_SECONDS", default=300)
# A background task RUNNING for longer than this lost its worker and is queued again.
HALTE_TASK_LEASE_SECONDS = env.int("HALTE_TASK_LEASE_SECONDS", default=900)

LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:queue"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("HALTE_LOG_LEVEL", default="WARNING")},
}

# --- Request body limits (halte.request_limits): refused by Content-Length, unread ---
# The damage form: five photos of 8 MB each and the form around them.
HALTE_MAX_UPLOAD_REQUEST_BYTES = env.int(
    "HALTE_MAX_UPLOAD_REQUEST_BYTES", default=5 * 8 * 1024 * 1024 + 1024 * 1024
)
# A provider's inbound-mail post: the message, base64-encoded by some providers (4/3), plus
# the provider's own fields.
HALTE_MAX_INBOUND_WEBHOOK_BYTES = env.int(
    "HALTE_MAX_INBOUND_WEBHOOK_BYTES", default=HALTE_MAX_EMAIL_BYTES * 4 // 3 + 1024 * 1024
)

# --- Content-Security-Policy (django-csp) on every page ---
# Templates load only Halte's own static files: no inline script or style, no frames, no
# plugins; forms post only here. The API docs page has its own, looser policy (halte.api).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
