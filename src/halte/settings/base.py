"""Settings shared by every environment, read from the environment with working defaults."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

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
    "halte.drivers",
    "halte.outbox",
    "halte.audit",
    "halte.webhooks",
    "halte.promises",
    "halte.remedies",
    "halte.feeds",
    "halte.returns",
    "halte.effort",
    "halte.privacy",
    "halte.gifts",
    "halte.demo",
    "halte.understanding",
    "anymail",
    "csp",
]

MIDDLEWARE = [
    # First, so every response carries the policy — redirects and refusals too. django-csp's
    # own, plus the https host of a shop's logo on the pages that show it.
    "halte.organisations.csp.BrandedCSPMiddleware",
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
                # The shop a page speaks for, unless the view names one (organisations.voice).
                "halte.organisations.context.brand",
                # Whose cases the signed-in agent works on, for the desk's header.
                "halte.desk.context.working_for",
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
# A streaming replica of the primary (PostgreSQL), for read-mostly pages: the tracking page
# reads from it (halte.replica); every write, migration and transaction stays on the primary.
if env.str("HALTE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("HALTE_REPLICA_URL")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    # In tests the replica is the test database itself, under its second name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["halte.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks. Default: a table in the database, worked by `python -m halte db_worker`.
# HALTE_TASKS_BACKEND=rq keeps them in Redis (HALTE_TASKS_REDIS_URL), worked by
# `python -m halte rqworker priority default` on as many processes and hosts as needed; tasks
# with a priority above the default (promise judgements) go to the queue "priority", which a
# worker empties first (halte.task_queues). Any other value is a backend's dotted path.
HALTE_TASK_QUEUES = ["priority", "default"]
_tasks_backend = env.str("HALTE_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
if _tasks_backend == "rq":
    _tasks_backend = "halte.task_queues.PrioritisedRQBackend"
    INSTALLED_APPS += ["django_rq"]
    _tasks_redis = env.str("HALTE_TASKS_REDIS_URL", default="redis://127.0.0.1:6379/1")
    RQ_QUEUES = {
        # A job running longer than a task's lease is taken to have lost its worker.
        name: {"URL": _tasks_redis, "DEFAULT_TIMEOUT": env.int("HALTE_TASK_LEASE_SECONDS", 900)}
        for name in HALTE_TASK_QUEUES
    }
    # `rqworker` runs the jobs as Django tasks (signals, results) without --job-class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
TASKS = {"default": {"BACKEND": _tasks_backend, "QUEUES": HALTE_TASK_QUEUES}}

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

# Submissions of the contact form and self-service forms per client per hour.
HALTE_FORM_SUBMISSIONS_PER_HOUR = env.int("HALTE_FORM_SUBMISSIONS_PER_HOUR", default=20)
# Wrong driver sign-in codes per client per hour, and how long a driver stays signed in.
HALTE_DRIVER_CODE_ATTEMPTS_PER_HOUR = env.int("HALTE_DRIVER_CODE_ATTEMPTS_PER_HOUR", default=10)
HALTE_DRIVER_SESSION_HOURS = env.int("HALTE_DRIVER_SESSION_HOURS", default=12)
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
# Templates load only Halte's own static files: no inline script, no frames, no plugins;
# forms post only here. The one inline style is the shop's colours, validated and nonce'd
# (`{% brand_head %}`); a shop's https logo host is added to img-src on the pages that show
# it. The API docs page has its own, looser policy (halte.api).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Limits, client addresses, sign-in lockout and two-step sign-in -------------------------
# Every limit counts in the shared cache, so all web workers see one count. Default: a table in
# the database (`python -m halte createcachetable` after migrate); HALTE_CACHE_URL=redis://…
# uses Redis instead. MAX_ENTRIES is high because culling would forget counters: flooding the
# cache with keys must not reset anyone's count.
_cache = env.cache_url("HALTE_CACHE_URL", default="dbcache://halte_cache")
if _cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Same table, but `incr` counts right when two processes count at once.
    _cache["BACKEND"] = "halte.limits.CountingDatabaseCache"
    _cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1_000_000)
elif str(_cache.get("LOCATION", "")).startswith(("redis://", "rediss://", "unix://")):
    # django-environ picks django-redis when it happens to be installed; Halte uses Django's own.
    _cache["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
CACHES = {"default": _cache}

# Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs). Empty: the
# connection's own address is the client and X-Forwarded-For is ignored.
HALTE_TRUSTED_PROXIES = env.list("HALTE_TRUSTED_PROXIES", default=[])
for _proxy in HALTE_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"HALTE_TRUSTED_PROXIES: {_error}") from _error

# Tracking look-ups that miss. A code with the wrong postcode counts for that client and that
# code (someone guessing postcodes for one parcel), and across all clients for that code
# (guessing from many addresses); every miss also counts towards a generous ceiling per client
# (enumerating codes). A right code and postcode is never refused because of someone else's
# misses behind the same address, only when that client passed its ceiling.
HALTE_TRACKING_LOOKUP_WINDOW_SECONDS = env.int(
    "HALTE_TRACKING_LOOKUP_WINDOW_SECONDS", default=15 * 60
)
HALTE_TRACKING_LOOKUP_LIMIT = env.int("HALTE_TRACKING_LOOKUP_LIMIT", default=10)
HALTE_TRACKING_LOOKUP_CLIENT_LIMIT = env.int("HALTE_TRACKING_LOOKUP_CLIENT_LIMIT", default=100)
HALTE_TRACKING_LOOKUP_CODE_LIMIT = env.int("HALTE_TRACKING_LOOKUP_CODE_LIMIT", default=30)

# Sign-in lockout (desk and admin), by django-axes with its database handler. Failures count per
# account and address (HALTE_LOGIN_FAILURES_PER_CLIENT) and per account over all addresses
# (HALTE_LOGIN_FAILURES_PER_ACCOUNT, against guessing from many addresses). Never per address
# alone: one mistyped password must not lock out colleagues behind the same office NAT.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
# The admin only lets in a user with two-step sign-in once the code was given (halte.desk).
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "halte.desk.admin_apps.SignInAdmin"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "halte.desk.lockout.SignInLockoutBackend",
    # Roles: `user.has_perm(PERMISSION, organisation)`, from organisations/permissions.py.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
HALTE_LOGIN_FAILURES_PER_CLIENT = env.int("HALTE_LOGIN_FAILURES_PER_CLIENT", default=5)
HALTE_LOGIN_FAILURES_PER_ACCOUNT = env.int("HALTE_LOGIN_FAILURES_PER_ACCOUNT", default=20)
AXES_HANDLER = "halte.desk.lockout.SignInLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = HALTE_LOGIN_FAILURES_PER_CLIENT
AXES_COOLOFF_TIME = timedelta(minutes=env.int("HALTE_LOGIN_COOLOFF_MINUTES", default=15))
# Refused tries during a lockout do not prolong it: it ends a cool-off after the last failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "halte.limits.client_of"
AXES_LOCKOUT_CALLABLE = "halte.desk.lockout.locked_out"
# Never stored in the attempt records: the two-step code beside the password (always left out).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Wrong two-step codes: django-otp waits 1, 2, 4, … seconds times this factor after each one.
OTP_TOTP_THROTTLE_FACTOR = env.int("HALTE_TOTP_THROTTLE_FACTOR", default=1)
OTP_TOTP_ISSUER = env.str("HALTE_TOTP_ISSUER", default="Halte")

# --- Understanding customers' messages (halte.understanding, docs/understanding.md) ---
# The trained model: empty reads the one shipped in the package; set a path (under VAR_DIR)
# to read one retrained with the agents' corrections (`python -m halte train_understanding`).
HALTE_UNDERSTANDING_MODEL = env.str("HALTE_UNDERSTANDING_MODEL", default="")
# Below this probability of its best intent a message is left to a person to classify.
HALTE_UNDERSTANDING_MIN_CONFIDENCE = env.float("HALTE_UNDERSTANDING_MIN_CONFIDENCE", default=0.5)
# POST /api/v1/understand: the longest text read (a longer one is refused with text_too_long;
# only its first part is read anyway) and the largest body.
HALTE_UNDERSTANDING_MAX_TEXT_CHARS = env.int("HALTE_UNDERSTANDING_MAX_TEXT_CHARS", default=200_000)
HALTE_MAX_UNDERSTAND_REQUEST_BYTES = env.int(
    "HALTE_MAX_UNDERSTAND_REQUEST_BYTES", default=1024 * 1024
)
