"""Limits hold across processes: web workers share one count, in the database or in Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from halte.limits import Limit, allowance, note

ROOT = Path(__file__).resolve().parent.parent.parent
LIMIT = Limit("shared", 1000, 600)
CLIENT = "192.0.2.1"
# Counts LIMIT for CLIENT N times, starting at a moment given by the parent so that the
# processes really count at the same time, then prints the count it sees.
COUNTER = """
import sys, time, django
django.setup()
from django.core.cache import cache
from django.db import connection
from halte.limits import Limit, note
limit = Limit("shared", 1000, 600)
start, times = float(sys.argv[1]), int(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
for _ in range(times):
    note(limit, "192.0.2.1")
print(cache.get("halte:limit:shared:192.0.2.1"))
"""


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HALTE_CACHE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="halte.settings.test",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        **extra,
    )
    return env


def _count_in_two_processes(env: dict[str, str], times: int) -> list[int]:
    start = str(time.time() + 3)
    workers = [
        subprocess.Popen(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", COUNTER, start, str(times)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    seen = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        seen.append(int(out.strip().splitlines()[-1]))
    return seen


def test_redis_cache_is_one_count_for_two_processes(redis_url: str) -> None:
    redis_cache = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    with override_settings(CACHES=redis_cache):
        cache.clear()
        seen = _count_in_two_processes(_environment(HALTE_CACHE_URL=redis_url), 200)
        # The process that finished last saw every count of both.
        assert max(seen) == 400
        assert cache.get(f"halte:limit:shared:{CLIENT}") == 400
        assert allowance(Limit("shared", 400, 600), CLIENT).allowed is False
        assert allowance(Limit("shared", 401, 600), CLIENT).allowed is True
        cache.clear()


def test_database_cache_is_one_count_for_two_processes(tmp_path: Path) -> None:
    # The database the suite runs on: PostgreSQL (its own table, dropped after) or SQLite in a
    # file, since the in-memory test database cannot be shared with another process.
    url = os.environ.get("DATABASE_URL", "")
    table = f"halte_cache_test_{os.getpid()}"
    if not url.startswith("postgres"):
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    env = _environment(DATABASE_URL=url, HALTE_CACHE_URL=f"dbcache://{table}")
    subprocess.run(
        [sys.executable, "-m", "halte", "createcachetable"], env=env, check=True, timeout=60
    )
    try:
        assert max(_count_in_two_processes(env, 200)) == 400
    finally:
        drop = (
            f"from django.db import connection; connection.cursor().execute('DROP TABLE {table}')"
        )
        subprocess.run(  # noqa: S603 - this interpreter, our own statement
            [sys.executable, "-c", f"import django; django.setup(); {drop}"],
            env=env,
            check=True,
            timeout=60,
        )


@pytest.mark.django_db
def test_counter_in_the_test_database_cache_expires_with_its_window(settings: Any) -> None:
    note(Limit("window", 2, 600), CLIENT)
    note(Limit("window", 2, 600), CLIENT)
    assert allowance(Limit("window", 2, 600), CLIENT).allowed is False
    # Expire it: the table row's time is what the cache goes by.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE halte_cache SET expires = %s", ["2000-01-01 00:00:00"])
    assert allowance(Limit("window", 2, 600), CLIENT).allowed is True
    note(Limit("window", 2, 600), CLIENT)
    assert cache.get(f"halte:limit:window:{CLIENT}") == 1
