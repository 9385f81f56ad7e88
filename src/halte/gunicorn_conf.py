"""gunicorn's settings for `make serve`: `gunicorn --config python:halte.gunicorn_conf`.

Every value comes from the environment with a default measured on a 2-core machine (see
"Running in production" in README.md and the production server section of
docs/performance.md).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _cores() -> int:
    # The cores this process may run on (a pinned container's share), not the host's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "halte.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# Halte's pages spend their time in Python and short database queries, so sync workers, one
# per core and one over, keep the cores busy; threads would only wait for the same lock.
workers = _int("HALTE_WEB_WORKERS", 2 * _cores() + 1)
worker_class = os.environ.get("HALTE_WEB_WORKER_CLASS", "sync")
threads = _int("HALTE_WEB_THREADS", 1)
# A queue of connections waiting for a worker, for bursts (an evening's tracking peak).
backlog = _int("HALTE_WEB_BACKLOG", 2048)
# A worker silent this long is killed and replaced; requests here take milliseconds, the
# largest upload (damage photos) a few seconds.
timeout = _int("HALTE_WEB_TIMEOUT", 30)
graceful_timeout = _int("HALTE_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("HALTE_WEB_KEEPALIVE", 5)
# Workers are replaced now and then, at different moments, so no slow leak builds up and
# they never all restart at once.
max_requests = _int("HALTE_WEB_MAX_REQUESTS", 20_000)
max_requests_jitter = _int("HALTE_WEB_MAX_REQUESTS_JITTER", 2_000)
# Every request written to a log costs a write per page at thousands a second; on when asked.
accesslog = os.environ.get("HALTE_WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("HALTE_WEB_LOG_LEVEL", "info")
# Loaded once in the master and shared by the forked workers (copy on write); a code change
# needs a restart, which `make serve` is anyway.
preload_app = True
# Behind a TLS proxy the client address comes in X-Forwarded-For (halte.limits decides whom
# to believe, HALTE_TRUSTED_PROXIES); gunicorn passes the header on untouched.
forwarded_allow_ips = os.environ.get("HALTE_WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which
# two servers on one host would fight over; a path of its own switches it on.
control_socket = os.environ.get("HALTE_WEB_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
