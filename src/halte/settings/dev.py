"""Settings for `make run`: debug on, a throw-away secret, SQLite under var/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("HALTE_DEBUG", default=True)
SECRET_KEY = env.str("HALTE_SECRET_KEY", default="halte-dev-only-not-secret")
