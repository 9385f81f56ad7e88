"""Read-mostly pages read from a PostgreSQL replica when one is configured (HALTE_REPLICA_URL).

Only what runs inside `reading_from_replica()` (a context manager and a decorator) reads from
the replica, and even there a read goes to the primary when it cannot bear a replica's lag:
inside a transaction on the primary (a verb reading what it is about to change, or has just
changed), the shared cache's table (limits count there, and a page cache must see its own
invalidation at once) and the sessions (a recipient's proof, written a moment before). Every
write goes to the primary, and only the primary is migrated. Without a replica everything goes
to the primary, so the decorator costs nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA = "replica"
# Read from the primary even inside `reading_from_replica()`: Django's DatabaseCache (its
# entries' app label) and the sessions.
PRIMARY_ONLY_APP_LABELS = frozenset({"django_cache", "sessions"})

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)
_pinned_to_primary: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Send the reads inside to the replica, if any; also a decorator: `@reading_from_replica()`."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


@contextmanager
def reading_from_primary() -> Iterator[None]:
    """Every read inside goes to the primary, even under `reading_from_replica()`: for what is
    kept and shown to others afterwards (a stored tracking page), where a lagging replica's
    old rows would outlive the change that replaced them."""
    token = _pinned_to_primary.set(True)
    try:
        yield
    finally:
        _pinned_to_primary.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads inside `reading_from_replica()` to the replica, the rest
    to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not _reading_from_replica.get() or _pinned_to_primary.get():
            return None
        if not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APP_LABELS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
