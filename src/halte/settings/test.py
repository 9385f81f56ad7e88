"""Settings for the test suite: SQLite in memory unless DATABASE_URL names PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "halte-test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HALTE_API_RATE = "100000/m"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HALTE_MAIL_DOMAIN = "halte.test"
ANYMAIL = {
    "WEBHOOK_SECRET": "anymail-user:anymail-pass",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-test-signing-key",
}
