"""Settings for `make run`: debug on, a throw-away secret, SQLite under var/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("HALTE_DEBUG", default=True)
SECRET_KEY = env.str("HALTE_SECRET_KEY", default="halte-dev-only-not-secret")
# Mail lands as files in var/mail unless an SMTP server is configured.
EMAIL_BACKEND = env.str(
    "HALTE_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = env.str("HALTE_EMAIL_FILE_PATH", default="var/mail")
