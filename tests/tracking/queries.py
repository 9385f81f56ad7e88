"""Counting what a tracking page asks the database, apart from what the shared cache asks
(a table in tests, Redis or a table in production: `halte_cache`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

CACHE_TABLE = "halte_cache"


@dataclass
class Counted:
    page: list[str] = field(default_factory=list)
    cache: list[str] = field(default_factory=list)


@contextmanager
def counted_queries() -> Iterator[Counted]:
    counted = Counted()
    with CaptureQueriesContext(connection) as context:
        yield counted
    for query in context.captured_queries:
        sql = query["sql"]
        if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            continue
        (counted.cache if f'"{CACHE_TABLE}"' in sql else counted.page).append(sql)
