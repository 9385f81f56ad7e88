"""Settings for real installations: every secret must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ANYMAIL, CACHES, DATABASES, SECRET_KEY, VAR_DIR, env

if not SECRET_KEY:
    raise ImproperlyConfigured("Set HALTE_SECRET_KEY to a long random value.")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://halte:...@localhost/halte.")

DEBUG = False
STATIC_ROOT = env.path("HALTE_STATIC_ROOT", default=str(VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = False
SESSION_COOKIE_SECURE = env.bool("HALTE_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("HALTE_DB_CONN_MAX_AGE", default=60)
# Limits, sign-in lockout and cached pages must count and be seen alike by every worker
# process and every web host: a cache inside one process would let N workers allow N times
# as much and keep serving a page another process has invalidated.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
if CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"HALTE_CACHE_URL names a cache that lives inside one process "
        f"({CACHES['default']['BACKEND']}); production needs one all web processes share: "
        "leave HALTE_CACHE_URL unset for the database (dbcache://halte_cache, after "
        "`python -m halte createcachetable`), or use redis://host:6379/0."
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Transport security and provider webhooks (`python -m halte check --deploy` is clean) ---
# A key Django's own check would call weak is refused at start rather than warned about.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "HALTE_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        'python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )
# Provider inbound webhooks (/anymail/…) are refused without it; a production installation
# must not start half-open.
if not ANYMAIL["WEBHOOK_SECRET"]:
    raise ImproperlyConfigured(
        "Set HALTE_ANYMAIL_WEBHOOK_SECRET to 'user:password' (HTTP basic auth for the "
        "provider's inbound-mail webhook), e.g. halte:<long random value>."
    )
# Every page over HTTPS: a year of HSTS by default, subdomains included.
SECURE_HSTS_SECONDS = env.int("HALTE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HALTE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise to browsers that is hard to take back (and anyone may submit a
# domain that sends the directive), so it stays the operator's explicit choice; Django's
# reminder about it (W021) is silenced only while it is off.
SECURE_HSTS_PRELOAD = env.bool("HALTE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_SSL_REDIRECT = env.bool("HALTE_SSL_REDIRECT", default=True)
# Behind a TLS-terminating proxy, e.g. HALTE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https —
# only when that proxy always sets (and overwrites) the header.
_proxy_ssl_header = env.str("HALTE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    _header_name, _, _header_value = _proxy_ssl_header.partition("=")
    if not _header_name.startswith("HTTP_") or not _header_value:
        raise ImproperlyConfigured(
            "HALTE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO=https."
        )
    SECURE_PROXY_SSL_HEADER = (_header_name, _header_value)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
