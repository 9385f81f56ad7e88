"""Settings for real installations: every secret must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, VAR_DIR, env

if not SECRET_KEY:
    raise ImproperlyConfigured("Set HALTE_SECRET_KEY to a long random value.")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://halte:...@localhost/halte.")

DEBUG = False
STATIC_ROOT = env.path("HALTE_STATIC_ROOT", default=str(VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = False
SESSION_COOKIE_SECURE = env.bool("HALTE_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
DATABASES["default"]["CONN_MAX_AGE"] = env.int("HALTE_DB_CONN_MAX_AGE", default=60)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
